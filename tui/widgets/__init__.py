"""One public widget per module; widgets get data as attributes and report intent by messages."""
