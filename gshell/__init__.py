"""gshell: an interactive shell for exploring and calling Gradio apps."""

__version__ = "0.1.0"
