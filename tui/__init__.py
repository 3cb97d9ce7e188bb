"""aftercall's terminal interface: the Textual app and the `aftercall` command."""
