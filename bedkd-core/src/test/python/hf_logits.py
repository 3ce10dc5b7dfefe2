"""Logits of an exported model as transformers computes them: the independent check of our Hugging Face export.

  PYTHONPATH=<dir with torch + transformers> python3 hf_logits.py <model dir> <sentences.json> <max length>

Prints {"input_ids": [...], "logits": [[...], ...]} for the sentences (a JSON list), padded as one batch. A directory
with a `bedkd_sentence_head` (our MiniLM layout: mean pooling + linear head, which transformers has no class for) is
run as BertModel + that head, exactly as the README tells a user to; anything else goes through
AutoModelForSequenceClassification.
"""
import json
import sys

import torch
from safetensors.torch import load_file
from transformers import AutoConfig, AutoModel, AutoModelForSequenceClassification, AutoTokenizer


def logits(model_dir, sentences, max_length, batch_size=64):
    """Logits of `sentences` (padded per batch) and each sentence's token ids, as transformers computes them."""
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    config = AutoConfig.from_pretrained(model_dir)
    head = getattr(config, "bedkd_sentence_head", None)
    if head is None:
        model = AutoModelForSequenceClassification.from_pretrained(model_dir).eval()
    else:
        encoder = AutoModel.from_pretrained(model_dir, add_pooling_layer=False).eval()
        weights = load_file(f"{model_dir}/model.safetensors")
    out = []
    with torch.no_grad():
        for i in range(0, len(sentences), batch_size):
            batch = tokenizer(sentences[i:i + batch_size], truncation=True, max_length=max_length, padding=True,
                              return_tensors="pt")
            if head is None:
                out += model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits.tolist()
                continue
            hidden = encoder(input_ids=batch["input_ids"],
                             attention_mask=batch["attention_mask"]).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1) if head["pooling"] == "mean" else hidden[:, 0]
            out += (pooled @ weights[head["weight"]].T + weights[head["bias"]]).tolist()
    ids = [tokenizer(s, truncation=True, max_length=max_length)["input_ids"] for s in sentences]
    return ids, out


def main(model_dir, sentences_file, max_length):
    sentences = json.load(open(sentences_file, encoding="utf-8"))
    ids, out = logits(model_dir, sentences, max_length, batch_size=len(sentences))
    print(json.dumps({"input_ids": ids, "logits": out}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
