"""Derive phase: the plan in force, statuses, accountability, bulletins, periods, the site model."""
