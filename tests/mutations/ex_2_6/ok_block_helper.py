# expect: pass
def hidden_block(n_in: int, n_out: int, p: float = 0.3) -> nn.Sequential:
    """Linear -> BatchNorm1d -> ReLU -> Dropout."""
    return nn.Sequential(nn.Linear(n_in, n_out), nn.BatchNorm1d(n_out), nn.ReLU(), nn.Dropout(p))


improved_model = nn.Sequential(
    nn.Flatten(),
    hidden_block(784, 256),
    hidden_block(256, 128),
    nn.Linear(128, 10),  # plain output layer: raw logits
)
improved_optimizer = optim.Adam(improved_model.parameters(), weight_decay=1e-4, lr=1e-3)
