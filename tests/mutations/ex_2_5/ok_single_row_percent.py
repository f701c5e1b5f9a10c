# expect: pass
def show_predictions(model, images, labels):
    model.eval()
    with torch.no_grad():
        probabilities = torch.softmax(model(images), dim=1)  # [N, 10]
    confidences, predictions = torch.max(probabilities, dim=1)
    n = images.shape[0]
    fig, axes = plt.subplots(1, n, figsize=(1.2 * n, 1.8), squeeze=False)
    for ax, image, label, pred, conf in zip(axes[0], images, labels, predictions, confidences):
        ax.imshow(image[0].numpy(), cmap="gray")
        colour = "green" if pred == label else "red"
        ax.set_title(f"{int(pred)} ({float(conf) * 100:.1f}%)", color=colour, fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
    return fig
