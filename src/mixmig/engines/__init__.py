"""Pure-Python engines: no Django imports (enforced by import-linter)."""
