"""Product terms by trade sector (tab-separated text files)."""
