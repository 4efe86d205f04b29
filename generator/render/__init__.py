"""Render phase: view objects, templates, charts, sanitizing, the Word document; page specs out."""
