"""Building blocks of cases/demo/generate.py (one module per data kind)."""
