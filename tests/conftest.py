import sys
from pathlib import Path

# The cross-service tests import their catalogue module from this folder.
sys.path.insert(0, str(Path(__file__).parent))
