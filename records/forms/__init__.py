"""Forms of the records app, one module per concept."""
