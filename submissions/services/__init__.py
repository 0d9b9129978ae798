"""Rules of what leaves the school, one module per concept."""
