"""The funnel panel (DESIGN §3): charts and headline figures from the analytics core."""

from funneldesk.ui.funnel.bool_refcount import pin_booleans

pin_booleans()
