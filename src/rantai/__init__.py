"""Rantai: connecting MSMEs across the 21 APEC economies into regional trade."""
