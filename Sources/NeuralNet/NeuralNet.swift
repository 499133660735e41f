// placeholder replaced by the NeuralNet work
