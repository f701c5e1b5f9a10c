# expect: fail
# subtle: yes
# mistake: the colours are inverted: red for right predictions, green for wrong ones
# words: green|red|colour|color
def show_predictions(model, images, labels):
    model.eval()
    with torch.no_grad():
        probs = torch.softmax(model(images), dim=1)
    conf, pred = probs.max(dim=1)
    n = len(images)
    cols = min(n, 8)
    rows = math.ceil(n / cols)
    fig = plt.figure(figsize=(1.5 * cols, 1.7 * rows))
    for i in range(n):
        ax = fig.add_subplot(rows, cols, i + 1)
        ax.imshow(images[i].squeeze(), cmap="gray")
        wrong = pred[i].item() != labels[i].item()
        ax.set_title(f"{pred[i].item()} ({conf[i].item():.0%})", color="green" if wrong else "red")
        ax.axis("off")
    return fig
