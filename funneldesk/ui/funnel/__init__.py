"""The funnel panel (docs/analytics.md): charts and headline figures from the analytics core."""
