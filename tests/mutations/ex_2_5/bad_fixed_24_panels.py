# expect: fail
# subtle: yes
# mistake: always draws a 3 x 8 grid of 24 panels, whatever the number of images passed in
# words: panel|24|number|images
def show_predictions(model, images, labels):
    model.eval()
    with torch.no_grad():
        probs = torch.softmax(model(images), dim=1)
    conf, pred = probs.max(dim=1)
    fig, axes = plt.subplots(3, 8, figsize=(12, 5))
    for ax, image, label, p, c in zip(axes.flat, images, labels, pred, conf):
        ax.imshow(image.squeeze(), cmap="gray")
        ax.set_title(f"{p.item()} ({c.item():.0%})", color="green" if p == label else "red")
        ax.axis("off")
    return fig
