#!/usr/bin/env python3
"""Make the directory nl2sql's T5 engine loads from a Hugging Face T5 checkpoint (run once per checkpoint).

The PICARD checkpoints tscholak/cxmefzzi (T5-3B) and tscholak/3vnuv1vf (T5-Large, v1.1) are published as
pytorch_model.bin, a Python pickle that only Python can read safely. This writes what the engine reads, with no
Python at run time:

    <target>/config.json          copied
    <target>/tokenizer.json       the checkpoint's own fast tokenizer (with the tokens PICARD added for < and <=)
    <target>/model.safetensors    the weights, or model-0000N-of-0000M.safetensors shards with
                                  model.safetensors.index.json when they exceed --shard-gb

Needs: pip install torch safetensors transformers sentencepiece (and huggingface_hub to download by repo id).

    python3 models/convert-t5-checkpoint.py tscholak/cxmefzzi ~/models/cxmefzzi
    python3 models/convert-t5-checkpoint.py ./downloaded/3vnuv1vf ~/models/3vnuv1vf

Then: nl2sql.engine=t5, nl2sql.model=~/models/cxmefzzi (README, "Questions in plain language" > T5).
"""
import argparse
import json
import os
import shutil
import sys
import tempfile


def load_state(source):
    import torch

    bins = sorted(f for f in os.listdir(source) if f.startswith("pytorch_model") and f.endswith(".bin"))
    if not bins:
        sys.exit(f"{source} has no pytorch_model*.bin; a checkpoint with model.safetensors needs no conversion "
                 "(copy config.json, tokenizer.json and the safetensors files)")
    state = {}
    for name in bins:
        state.update(torch.load(os.path.join(source, name), map_location="cpu", weights_only=True))
    return state


def shard(tensors, limit_bytes):
    shards, current, size = [], {}, 0
    for name in sorted(tensors):
        tensor = tensors[name]
        nbytes = tensor.numel() * tensor.element_size()
        if current and size + nbytes > limit_bytes:
            shards.append(current)
            current, size = {}, 0
        current[name] = tensor
        size += nbytes
    shards.append(current)
    return shards


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", help="a checkpoint directory, or a Hugging Face repo id such as tscholak/cxmefzzi")
    parser.add_argument("target", help="the directory to write")
    parser.add_argument("--shard-gb", type=float, default=2.0, help="largest weights file (default 2 GB)")
    parser.add_argument("--fp16", action="store_true",
                        help="store fp16 weights (half the disk; the engine converts at load either way)")
    args = parser.parse_args()

    from safetensors.torch import save_file

    source = os.path.expanduser(args.source)
    if not os.path.isdir(source):
        from huggingface_hub import snapshot_download
        source = snapshot_download(args.source, allow_patterns=["*.json", "*.bin", "*.model", "*.txt"])
    target = os.path.expanduser(args.target)
    os.makedirs(target, exist_ok=True)

    with open(os.path.join(source, "config.json")) as f:
        config = json.load(f)
    if config.get("model_type") != "t5":
        sys.exit(f"{source}/config.json is model_type {config.get('model_type')!r}, not t5")

    state = load_state(source)
    # the embedding is stored once as shared.weight; these are the same tensor under other names
    for tied in ("encoder.embed_tokens.weight", "decoder.embed_tokens.weight"):
        state.pop(tied, None)
    if config.get("tie_word_embeddings", True):
        state.pop("lm_head.weight", None)
    if "shared.weight" not in state:
        sys.exit("the checkpoint has no shared.weight: is it a T5ForConditionalGeneration checkpoint?")
    tensors = {name: (t.half() if args.fp16 else t).contiguous() for name, t in state.items()}

    shards = shard(tensors, int(args.shard_gb * 2**30))
    if len(shards) == 1:
        save_file(shards[0], os.path.join(target, "model.safetensors"), metadata={"format": "pt"})
    else:
        weight_map, total = {}, 0
        for i, part in enumerate(shards, 1):
            name = f"model-{i:05d}-of-{len(shards):05d}.safetensors"
            save_file(part, os.path.join(target, name), metadata={"format": "pt"})
            for key, tensor in part.items():
                weight_map[key] = name
                total += tensor.numel() * tensor.element_size()
        with open(os.path.join(target, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)
    shutil.copy(os.path.join(source, "config.json"), os.path.join(target, "config.json"))

    if os.path.isfile(os.path.join(source, "tokenizer.json")):
        shutil.copy(os.path.join(source, "tokenizer.json"), os.path.join(target, "tokenizer.json"))
    else:
        from transformers import AutoTokenizer
        tokenizer = AutoTokenizer.from_pretrained(source, use_fast=True)
        with tempfile.TemporaryDirectory() as tmp:
            tokenizer.save_pretrained(tmp)
            shutil.copy(os.path.join(tmp, "tokenizer.json"), os.path.join(target, "tokenizer.json"))

    params = sum(t.numel() for t in tensors.values())
    print(f"{target}: {params:,} parameters in {len(shards)} file(s); use nl2sql.engine=t5 nl2sql.model={target}")


if __name__ == "__main__":
    main()
