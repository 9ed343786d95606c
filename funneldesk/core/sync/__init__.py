"""Team sync: laptops keep full FunnelDesk files and share them through a PostgreSQL hub.

``tables`` names what is synced and reads its shape from the file; ``clock`` holds the team
ids and the hybrid logical clock; ``capture`` installs the triggers that fill the outbox;
``rekey`` gives a joining file's own rows team ids; ``apply`` merges pulled changes into a
file (per-column last-writer-wins, delete wins) and ``hub`` keeps the PostgreSQL side;
``team`` ties them into create / join / sync / leave. ``docs/sync.md`` explains the design.
"""
