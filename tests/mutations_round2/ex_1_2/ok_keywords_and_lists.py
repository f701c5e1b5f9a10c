# expect: pass
MEAN, STD = 0.1307, 0.3081
transform = transforms.Compose(
    [
        transforms.ToTensor(),
        transforms.Normalize(mean=[MEAN], std=[STD]),
    ]
)
splits = {
    split: datasets.MNIST(root=str(DATA_ROOT), train=(split == "train"), transform=transform, download=False)
    for split in ("train", "test")
}
train_set, test_set = splits["train"], splits["test"]
train_loader = DataLoader(
    dataset=train_set, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(42)
)
test_loader = DataLoader(dataset=test_set, batch_size=256)
print(f"{len(train_set)} training images in {len(train_loader)} batches, {len(test_set)} test images")
