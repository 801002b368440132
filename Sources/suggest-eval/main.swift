import Suggestions
print("suggest-eval")
