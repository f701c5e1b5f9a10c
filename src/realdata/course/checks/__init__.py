"""One module per lesson: its exercises (with their tests) and its predict-and-verify questions."""
