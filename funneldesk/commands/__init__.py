"""One module per ``funneldesk`` subcommand, each with ``register(subparsers)``.

``register`` adds the subparser and sets ``func`` to a callable taking the parsed arguments
and returning the exit status.
"""
