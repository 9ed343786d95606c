"""The funnel panel (DESIGN §3): charts and headline figures from the analytics core."""
