"""Django apps: models, services (writes) and selectors (reads) per bounded concept."""
