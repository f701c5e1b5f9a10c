# expect: fail
# subtle: no
# mistake: the titles show only the predicted digit, without its confidence
# words: confidence|probability|title
def show_predictions(model, images, labels):
    model.eval()
    with torch.no_grad():
        pred = torch.argmax(model(images), dim=1)
    n = len(images)
    cols = min(n, 8)
    rows = math.ceil(n / cols)
    fig = plt.figure(figsize=(1.5 * cols, 1.7 * rows))
    for i in range(n):
        ax = fig.add_subplot(rows, cols, i + 1)
        ax.imshow(images[i].squeeze(), cmap="gray")
        right = pred[i].item() == labels[i].item()
        ax.set_title(f"{pred[i].item()}", color="green" if right else "red")
        ax.axis("off")
    return fig
