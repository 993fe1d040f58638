"""Pure PyTorch digit recognition: LeNet-5, the one preprocessing path, training, inference.

Nothing here imports Django, so every module works from a notebook or a CLI on its own.
"""
