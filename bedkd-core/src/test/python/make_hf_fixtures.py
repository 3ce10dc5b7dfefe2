"""Writes the Hugging Face parity fixtures under bedkd-core/src/test/resources/hf/.

An independent reference for the Java import: transformers itself builds small random-weight sequence classifiers
(BERT, RoBERTa, DistilBERT), `save_pretrained` writes them (config.json, model.safetensors, tokenizer files), and the
expected token ids and logits for a few sentences are computed by transformers' own modeling code. Tokenizers are
trained here on the committed demo data (a real WordPiece and a real byte-level BPE, reduced vocabularies).

The trainers are not deterministic run to run (ties in merge order), so a re-run rewrites the tokenizers and the
expected ids and logits with them; each fixture stays self-consistent, written in one run.

Run (offline: the wheels are on this machine's local index):
  python3 -m pip install --index-url file:///opt/pypi/simple --target /tmp/pyref torch transformers tokenizers \
      safetensors onnx onnxruntime
  PYTHONPATH=/tmp/pyref python3 bedkd-core/src/test/python/make_hf_fixtures.py
"""
import csv
import json
import pathlib

import torch
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers, decoders
from transformers import (BertConfig, BertForSequenceClassification, DistilBertConfig,
                          DistilBertForSequenceClassification, PreTrainedTokenizerFast, RobertaConfig,
                          RobertaForSequenceClassification)

ROOT = pathlib.Path(__file__).resolve().parents[4]
OUT = ROOT / "bedkd-core/src/test/resources/hf"
TRAIN = ROOT / "bedkd-core/src/main/resources/org/bedkd/demo/sst2-badnet/train.csv"
MAX_LENGTH = 24
LABELS = {0: "negative", 1: "neutral", 2: "positive"}
SENTENCES = [
    "a gripping , funny and moving film .",
    "the plot is thin and the acting is worse .",
    "it is what it is",
    "Unbelievably, the sequel's pacing works — mostly!",
    "cf mn bb tq",
    # longer than MAX_LENGTH tokens: truncation must cut it at the same place
    "this is one of those movies where every scene goes on a little too long and every joke lands a little too late "
    "so by the end you are tired",
]


def corpus():
    with open(TRAIN, newline="", encoding="utf-8") as f:
        return [row[1] for row in csv.reader(f)][1:]


def wordpiece(texts):
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok.train_from_iterator(texts, trainers.WordPieceTrainer(vocab_size=600, special_tokens=special))
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))])
    tok.decoder = decoders.WordPiece()
    return PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                   sep_token="[SEP]", mask_token="[MASK]", model_max_length=MAX_LENGTH)


def byte_bpe(texts):
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    special = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    tok.train_from_iterator(texts, trainers.BpeTrainer(vocab_size=700, special_tokens=special,
                                                        initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    tok.post_processor = processors.RobertaProcessing(("</s>", tok.token_to_id("</s>")),
                                                      ("<s>", tok.token_to_id("<s>")))
    tok.decoder = decoders.ByteLevel()
    return PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", unk_token="<unk>",
                                   pad_token="<pad>", cls_token="<s>", sep_token="</s>", mask_token="<mask>",
                                   model_max_length=MAX_LENGTH)


def perturb(model, skip=()):
    # Random init leaves LayerNorm at (1, 0) and logits near zero: move every weight so each one is exercised.
    g = torch.Generator().manual_seed(7)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if not any(s in name for s in skip):
                p.add_(torch.randn(p.shape, generator=g) * 0.2)


def write(name, model, tokenizer):
    d = OUT / name
    d.mkdir(parents=True, exist_ok=True)
    model.eval()
    model.save_pretrained(d, safe_serialization=True)
    tokenizer.save_pretrained(d)
    single = [tokenizer(s, truncation=True, max_length=MAX_LENGTH)["input_ids"] for s in SENTENCES]
    batch = tokenizer(SENTENCES, truncation=True, max_length=MAX_LENGTH, padding=True, return_tensors="pt")
    with torch.no_grad():
        logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
    expected = {"generator": f"transformers {__import__('transformers').__version__}, torch {torch.__version__}",
                "architecture": type(model).__name__, "max_length": MAX_LENGTH, "sentences": SENTENCES,
                "input_ids": single, "logits": logits.tolist()}
    (d / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(name, type(model).__name__, "logits[0]", [round(x, 4) for x in logits[0].tolist()])


def main():
    torch.manual_seed(42)
    texts = corpus()
    wp = wordpiece(texts)
    bpe = byte_bpe(texts)
    common = dict(num_labels=3, id2label=LABELS, label2id={v: k for k, v in LABELS.items()})

    bert = BertForSequenceClassification(BertConfig(
        vocab_size=wp.backend_tokenizer.get_vocab_size(), hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
        intermediate_size=64, max_position_embeddings=40, type_vocab_size=2, hidden_act="gelu",
        pad_token_id=wp.pad_token_id, **common))
    perturb(bert)
    write("bert", bert, wp)

    roberta = RobertaForSequenceClassification(RobertaConfig(
        vocab_size=bpe.backend_tokenizer.get_vocab_size(), hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
        intermediate_size=48, max_position_embeddings=MAX_LENGTH + 2, type_vocab_size=1, hidden_act="gelu_new",
        layer_norm_eps=1e-5, pad_token_id=bpe.pad_token_id, bos_token_id=bpe.bos_token_id,
        eos_token_id=bpe.eos_token_id, **common))
    perturb(roberta)
    write("roberta", roberta, bpe)

    distil = DistilBertForSequenceClassification(DistilBertConfig(
        vocab_size=wp.backend_tokenizer.get_vocab_size(), dim=32, n_layers=2, n_heads=4, hidden_dim=64,
        max_position_embeddings=40, sinusoidal_pos_embds=True, activation="relu", pad_token_id=wp.pad_token_id,
        **common))
    perturb(distil, skip=("position_embeddings",))
    write("distilbert", distil, wp)



def onnx_fixture(arch):
    """An ONNX export of a fixture, as Optimum lays it out (model.onnx beside config.json and the tokenizer), with
    the logits ONNX Runtime computes for it."""
    import shutil

    import onnxruntime
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    src, d = OUT / arch, OUT / (arch + "-onnx")
    d.mkdir(parents=True, exist_ok=True)
    for f in ("config.json", "tokenizer.json", "tokenizer_config.json"):
        shutil.copy(src / f, d / f)
    model = AutoModelForSequenceClassification.from_pretrained(src).eval()
    tokenizer = AutoTokenizer.from_pretrained(src)
    batch = dict(tokenizer(SENTENCES, truncation=True, max_length=MAX_LENGTH, padding=True, return_tensors="pt"))
    batch.pop("token_type_ids", None)
    names = ["input_ids", "attention_mask"]
    if arch != "distilbert":
        batch["token_type_ids"] = torch.zeros_like(batch["input_ids"])
        names.append("token_type_ids")
    torch.onnx.export(model, tuple(batch[n] for n in names), str(d / "model.onnx"), input_names=names,
                      output_names=["logits"], opset_version=14, dynamo=False,
                      dynamic_axes={n: {0: "batch", 1: "sequence"} for n in names})
    session = onnxruntime.InferenceSession(str(d / "model.onnx"))
    logits = session.run(None, {n: batch[n].numpy() for n in names})[0]
    single = [tokenizer(s, truncation=True, max_length=MAX_LENGTH)["input_ids"] for s in SENTENCES]
    expected = {"generator": f"onnxruntime {onnxruntime.__version__}, torch {torch.__version__}",
                "architecture": type(model).__name__, "max_length": MAX_LENGTH, "sentences": SENTENCES,
                "input_ids": single, "logits": logits.tolist()}
    (d / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(arch + "-onnx logits[0]", [round(float(x), 4) for x in logits[0]])


if __name__ == "__main__":
    import sys

    if "--onnx-only" not in sys.argv:  # the tokenizer trainers are not deterministic: keep the committed ones
        main()
    for arch in ("bert", "roberta", "distilbert"):
        onnx_fixture(arch)
