# expect: fail
# subtle: yes
# mistake: softmax over dim=0 (across the images of the batch) instead of dim=1 (across the 10 classes)
# words: softmax|dim|dimension|classes
def show_predictions(model, images, labels):
    model.eval()
    with torch.no_grad():
        probs = torch.softmax(model(images), dim=0)
    confidence, predicted = probs.max(dim=1)
    n = len(images)
    cols = min(n, 8)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(1.5 * cols, 1.8 * rows), squeeze=False)
    for ax in axes.flat[n:]:
        fig.delaxes(ax)  # no empty panels
    for ax, image, label, pred, conf in zip(axes.flat, images, labels, predicted, confidence):
        ax.imshow(image[0] * 0.3081 + 0.1307, cmap="gray")
        right = int(pred) == int(label)
        ax.set_title(f"{int(pred)} ({float(conf):.0%})", color="green" if right else "red")
        ax.axis("off")
    fig.tight_layout()
    return fig
