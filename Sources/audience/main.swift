import Workspace
