"""What a portfolio holds."""
