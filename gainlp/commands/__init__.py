"""One module per ``gainlp`` subcommand (see ``gainlp.cli``)."""
