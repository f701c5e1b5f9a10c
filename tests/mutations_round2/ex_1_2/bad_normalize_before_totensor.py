# expect: fail
# subtle: no
# mistake: Normalize comes before ToTensor in the Compose, so it receives a PIL image and loading crashes
# words: order|totensor|normalize|pil
transform = transforms.Compose([transforms.Normalize((0.1307,), (0.3081,)), transforms.ToTensor()])
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000, shuffle=False)
