# expect: pass
def show_predictions(model, images, labels):
    model.eval()
    with torch.no_grad():
        logits = model(images)
    probs = logits.softmax(dim=1)
    cols = 6
    rows = math.ceil(len(images) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(2 * cols, 2.2 * rows), squeeze=False)
    flat_axes = axes.flatten()
    for i in range(len(images)):
        ax = flat_axes[i]
        predicted = int(probs[i].argmax())
        confidence = probs[i, predicted].item()
        correct = predicted == int(labels[i])
        ax.imshow(images[i].squeeze(0) * 0.3081 + 0.1307, cmap="gray")  # undo Normalize for display
        ax.set_title(f"{predicted}: {confidence:.3f}", color="green" if correct else "red")
        ax.axis("off")
    for ax in flat_axes[len(images):]:
        fig.delaxes(ax)  # no empty panels: exactly one per image
    fig.tight_layout()
    return fig
