"""expect: test-set-leak
Bug: the training dataset is built with train=False, so the model trains on the first 6000 test images, which include the 1000 used for evaluation. Fix: train=True (public_hf_no_trainer_midepoch_eval_fixed.py). Script: Style of HuggingFace's examples/pytorch/*_no_trainer.py loops (without accelerate/transformers): parse_args() main(), AdamW with no-decay param groups for biases/LayerNorm, linear warmup/decay LambdaLR, completed_steps counter, gradient clipping, and evaluation in the middle of the epoch every --eval_steps steps over the whole test loader. MNIST read offline, 6000 train / 1000 test images, 1 epoch.
Plain run printed: mid-epoch evals at steps 40/80/120/160: accuracy 0.840/0.876/0.900/0.916; final eval_loss 0.2414, accuracy 0.927 (vs 0.892 when trained on the train split).
"""

import argparse
import logging
import math
import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

logger = logging.getLogger(__name__)


def parse_args():
    parser = argparse.ArgumentParser(
        description="Finetune/train an image classifier on MNIST without a Trainer"
    )
    parser.add_argument(
        "--data_dir",
        type=str,
        default=os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata"),
    )
    parser.add_argument("--per_device_train_batch_size", type=int, default=32)
    parser.add_argument("--per_device_eval_batch_size", type=int, default=250)
    parser.add_argument("--learning_rate", type=float, default=3e-3)
    parser.add_argument("--weight_decay", type=float, default=0.01)
    parser.add_argument("--num_train_epochs", type=int, default=1)
    parser.add_argument("--max_train_steps", type=int, default=None)
    parser.add_argument("--num_warmup_steps", type=int, default=10)
    parser.add_argument("--max_grad_norm", type=float, default=1.0)
    parser.add_argument("--eval_steps", type=int, default=40)
    parser.add_argument("--max_train_samples", type=int, default=6000)
    parser.add_argument("--max_eval_samples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args()


def get_linear_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps):
    def lr_lambda(current_step):
        if current_step < num_warmup_steps:
            return float(current_step) / float(max(1, num_warmup_steps))
        return max(
            0.0,
            float(num_training_steps - current_step) / float(max(1, num_training_steps - num_warmup_steps)),
        )

    return torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)


class MLPClassifier(nn.Module):
    def __init__(self, hidden=256, num_labels=10):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense = nn.Linear(28 * 28, hidden)
        self.LayerNorm = nn.LayerNorm(hidden)
        self.act = nn.GELU()
        self.dropout = nn.Dropout(0.1)
        self.classifier = nn.Linear(hidden, num_labels)

    def forward(self, pixel_values):
        h = self.dropout(self.act(self.LayerNorm(self.dense(self.flatten(pixel_values)))))
        return self.classifier(h)


def evaluate(model, eval_dataloader, loss_fct):
    model.eval()
    losses, correct, seen = 0.0, 0, 0
    for batch in eval_dataloader:
        pixel_values, labels = batch
        with torch.no_grad():
            logits = model(pixel_values)
        losses += loss_fct(logits, labels).item() * labels.size(0)
        correct += (logits.argmax(dim=-1) == labels).sum().item()
        seen += labels.size(0)
    model.train()
    return {"eval_loss": losses / seen, "accuracy": correct / seen}


def main():
    args = parse_args()
    logging.basicConfig(
        format="%(asctime)s - %(levelname)s - %(name)s - %(message)s",
        datefmt="%m/%d/%Y %H:%M:%S",
        level=logging.INFO,
    )
    torch.manual_seed(args.seed)

    normalize = transforms.Normalize(mean=[0.5], std=[0.5])
    train_transforms = transforms.Compose([transforms.ToTensor(), normalize])
    val_transforms = transforms.Compose([transforms.ToTensor(), normalize])
    train_dataset = datasets.MNIST(args.data_dir, train=False, download=False, transform=train_transforms)
    eval_dataset = datasets.MNIST(args.data_dir, train=False, download=False, transform=val_transforms)
    if args.max_train_samples is not None:
        train_dataset = Subset(train_dataset, range(args.max_train_samples))
    if args.max_eval_samples is not None:
        eval_dataset = Subset(eval_dataset, range(args.max_eval_samples))

    train_dataloader = DataLoader(train_dataset, shuffle=True, batch_size=args.per_device_train_batch_size)
    eval_dataloader = DataLoader(eval_dataset, batch_size=args.per_device_eval_batch_size)

    model = MLPClassifier()

    # Optimizer: split weights in two groups, one with weight decay and the other not.
    no_decay = ["bias", "LayerNorm.weight"]
    optimizer_grouped_parameters = [
        {
            "params": [p for n, p in model.named_parameters() if not any(nd in n for nd in no_decay)],
            "weight_decay": args.weight_decay,
        },
        {
            "params": [p for n, p in model.named_parameters() if any(nd in n for nd in no_decay)],
            "weight_decay": 0.0,
        },
    ]
    optimizer = torch.optim.AdamW(optimizer_grouped_parameters, lr=args.learning_rate)

    num_update_steps_per_epoch = len(train_dataloader)
    if args.max_train_steps is None:
        args.max_train_steps = args.num_train_epochs * num_update_steps_per_epoch
    args.num_train_epochs = math.ceil(args.max_train_steps / num_update_steps_per_epoch)
    lr_scheduler = get_linear_schedule_with_warmup(optimizer, args.num_warmup_steps, args.max_train_steps)
    loss_fct = nn.CrossEntropyLoss()

    logger.info("***** Running training *****")
    logger.info(f"  Num examples = {len(train_dataset)}")
    logger.info(f"  Num Epochs = {args.num_train_epochs}")
    logger.info(f"  Total optimization steps = {args.max_train_steps}")

    completed_steps = 0
    for epoch in range(args.num_train_epochs):
        model.train()
        total_loss = 0.0
        for step, batch in enumerate(train_dataloader):
            pixel_values, labels = batch
            logits = model(pixel_values)
            loss = loss_fct(logits, labels)
            total_loss += loss.detach().float()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.max_grad_norm)
            optimizer.step()
            lr_scheduler.step()
            optimizer.zero_grad()
            completed_steps += 1

            if completed_steps % args.eval_steps == 0:
                eval_metric = evaluate(model, eval_dataloader, loss_fct)
                logger.info(
                    f"epoch {epoch} step {completed_steps}: train_loss {total_loss.item() / (step + 1):.4f} "
                    f"eval_loss {eval_metric['eval_loss']:.4f} accuracy {eval_metric['accuracy']:.4f} "
                    f"lr {lr_scheduler.get_last_lr()[0]:.2e}"
                )

            if completed_steps >= args.max_train_steps:
                break

    eval_metric = evaluate(model, eval_dataloader, loss_fct)
    logger.info(f"final: {eval_metric}")


if __name__ == "__main__":
    main()
