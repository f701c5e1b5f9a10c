# expect: pass
def hidden_block(n_in: int, n_out: int) -> nn.Sequential:
    """Linear -> BatchNorm1d -> ReLU -> Dropout(0.3)."""
    return nn.Sequential(nn.Linear(n_in, n_out), nn.BatchNorm1d(n_out), nn.ReLU(), nn.Dropout(0.3))


torch.manual_seed(0)
improved_model = nn.Sequential(nn.Flatten(), hidden_block(784, 256), hidden_block(256, 128), nn.Linear(128, 10))
improved_optimizer = optim.Adam(improved_model.parameters(), lr=1e-3, betas=(0.9, 0.999), weight_decay=1e-4)
print(improved_model)
