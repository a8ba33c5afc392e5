"""One module per external format or fact file. Each import is atomic and idempotent by source version."""
