# expect: pass
def predict_one(model, image):
    """Predicted digit and its softmax probability for one [1, 28, 28] image."""
    with torch.no_grad():
        p = torch.softmax(model(image.unsqueeze(0)), dim=1)[0]
    return p.argmax().item(), p.max().item()


def show_predictions(model, images, labels):
    model.eval()
    n = len(images)
    fig = plt.figure(figsize=(10, 2 + n // 5))
    ncols = 5
    nrows = (n + ncols - 1) // ncols
    for k, (image, label) in enumerate(zip(images, labels), start=1):
        digit, prob = predict_one(model, image)
        ax = fig.add_subplot(nrows, ncols, k)
        ax.imshow(image.squeeze().numpy(), cmap="gray_r")
        ax.set_title(f"pred {digit}, {prob:.0%}", color="g" if digit == label.item() else "r")
        ax.axis("off")
    return fig
