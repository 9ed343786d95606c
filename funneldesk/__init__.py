"""FunnelDesk: an offline desktop CRM for small-business salespeople."""

__version__ = "0.1.0"
APP_NAME = "FunnelDesk"
ORG_NAME = "FunnelDesk"
