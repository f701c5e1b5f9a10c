# kind: harm
# what: solves 1.1, then starts 300 long sleepers (half in new sessions, ten keeping the kernel's stdout/stderr open) that must not outlive grading or hold it up
# expect-score 1.1: 1.00
# expect-max-seconds: 120
# cell 1.1
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x ** 2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


# cell 1.3
import subprocess

_procs = []
for _i in range(300):
    try:
        if _i < 10:
            _procs.append(subprocess.Popen(["bash", "-c", "exec -a rdcase-leftover sleep 600"]))
        else:
            _procs.append(subprocess.Popen(["bash", "-c", "exec -a rdcase-leftover sleep 600"],
                                           start_new_session=(_i % 2 == 0), stdin=subprocess.DEVNULL,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    except OSError as exc:
        print("stopped at", _i, exc)
        break
print(len(_procs), "sleepers started")
