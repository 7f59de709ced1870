"""Web views, one module per concept: auth, home, registration, persons (search and person page)."""
