# expect: pass
import torch.nn.functional as F


def show_predictions(model, images, labels):
    model.eval()
    with torch.no_grad():
        logits = model(images)
    probabilities = F.softmax(logits, dim=-1)
    fig = plt.figure(figsize=(12, 2 + len(images) // 6))
    cols = 6
    rows = (len(images) + cols - 1) // cols
    for i in range(len(images)):
        predicted = int(torch.argmax(probabilities[i]))
        confidence = probabilities[i, predicted].item()
        ax = fig.add_subplot(rows, cols, i + 1)
        ax.imshow(images[i].squeeze(0).numpy(), cmap="gray_r")
        ax.set_xticks([])
        ax.set_yticks([])
        colour = "green" if predicted == labels[i].item() else "red"
        ax.set_title(f"pred {predicted}: {confidence:.2f}", color=colour, fontsize=8)
    return fig
