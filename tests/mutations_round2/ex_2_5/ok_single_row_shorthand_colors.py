# expect: pass
def show_predictions(model, images, labels):
    model.eval()
    with torch.inference_mode():
        conf, pred = torch.softmax(model(images), dim=1).max(dim=1)
    fig, axes = plt.subplots(1, len(images), figsize=(1.2 * len(images), 1.8), squeeze=False)
    for k, ax in enumerate(axes[0]):
        ok = pred[k].item() == labels[k].item()
        ax.imshow(images[k, 0], cmap="gray")
        ax.set_title(f"{pred[k].item()}\n{100 * conf[k].item():.1f}%", color="g" if ok else "r")
        ax.axis("off")
    return fig
