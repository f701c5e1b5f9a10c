# expect: fail
# subtle: yes
# mistake: softmax is taken over dim=0 (across the images of the batch) instead of dim=1 (across the 10 classes)
# words: softmax|dim|sum|classes
def show_predictions(model, images, labels):
    model.eval()
    with torch.no_grad():
        logits = model(images)
    probs = torch.softmax(logits, dim=0)
    pred = torch.argmax(logits, dim=1)
    n = len(images)
    cols = min(n, 8)
    rows = math.ceil(n / cols)
    fig = plt.figure(figsize=(1.5 * cols, 1.7 * rows))
    for i in range(n):
        ax = fig.add_subplot(rows, cols, i + 1)
        ax.imshow(images[i].squeeze(), cmap="gray")
        p = pred[i].item()
        ax.set_title(f"{p} ({probs[i, p].item():.0%})", color="green" if p == labels[i].item() else "red")
        ax.axis("off")
    return fig
