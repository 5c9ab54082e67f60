"""Models shipped with lawnlp: data only, one directory per model."""
