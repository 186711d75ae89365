"""Partner agencies: who they are, what interests them and what they may receive."""
