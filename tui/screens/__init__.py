"""One screen per module; screens are the controllers that talk to the store."""
