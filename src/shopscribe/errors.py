"""Errors a user can cause: the CLI and API show their message (never a traceback) and exit 2."""


class UserError(Exception):
    """Bad usage or configuration: message names the file/field and the fix."""
