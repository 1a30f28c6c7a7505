"""Helpers for the robustness tests: child-process writers and database snapshots."""
