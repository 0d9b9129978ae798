"""What leaves the school for the central database."""
