"""The app side of team sync: background sync with its status-bar button, and the Team dialog."""
