# expect: pass
def show_predictions(model, images, labels):
    model.eval()
    with torch.no_grad():
        probs = torch.softmax(model(images), dim=1)
    conf, pred = probs.max(dim=1)
    n = len(images)
    fig, axes = plt.subplots(math.ceil(n / 8), 8, figsize=(12, 1.8 * math.ceil(n / 8)), squeeze=False)
    for ax in axes.flat[n:]:
        ax.remove()
    for i, ax in enumerate(axes.flat[:n]):
        ax.imshow(images[i, 0], cmap="gray")
        ax.axis("off")
        p, c, y = pred[i].item(), conf[i].item(), labels[i].item()
        if p == y:
            ax.set_title(f"{p} ({c:.0%})", color="green", fontsize=9)
        else:
            ax.set_title(f"{p} ({c:.0%}), is {y}", color="red", fontsize=9)
    plt.tight_layout()
    return fig
