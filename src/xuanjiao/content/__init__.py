"""Content: discover, parse and validate a project into frozen models."""
